/**
 * systemd unit-file codec (pure: no I/O).
 *
 *   parseUnitFile(text, file?)      -> UnitFile; throws UnitFileParseError {detail, file, line}
 *   serializeUnitFile(unit, header?) -> text; throws UnitFileValueError if anything could inject a line
 *   UnitFile                         groups of ordered lines (comments kept)
 *     lookup(g,k) last value · lookupNonEmpty · lookupAll (empty assignment resets)
 *     lookupAllWords / lookupLastWords (systemd word splitting) · lookupBoolean(Or) · lookupInt
 *     lastLine(g,k) (with source line) · rawValues · keys(g) · hasKey · hasGroup · groupNames
 *     add · addAll · prepend · set (replace all) · setLast (Quadlet: replace last in place) · unset
 *     renameGroup · removeGroup · ensureGroup · merge(dropIn) · clone · invalidate (after editing groups directly)
 *     A group written twice in one file is parsed as one group.
 *   splitWords(s, {unquote, cunescape, relax, strictEscapes, separators, stopAtEmptyWord, exec, backslash, retainEscape})
 *                                    systemd's extract_first_word loop (default RELAX|UNQUOTE|CUNESCAPE);
 *                                    stopAtEmptyWord = Quadlet's quirk; backslash:'literal' = Quadlet's plain lists;
 *                                    strictEscapes = Quadlet's failure on an unknown escape (SplitError)
 *   quoteWord(w, {literal, exec}) / escapeWords(ws, opts)
 *                                    inverse of splitWords: splitWords(escapeWords(ws)) equals ws for any strings;
 *                                    literal also doubles % and $ so systemd does no specifier/variable expansion
 *   escapeValue(v)                   for raw (not word-split) keys: v itself, or UnitFileValueError
 *   checkKey / checkGroupName / checkRawValue   validators used by the serializer
 *   trimWhitespace(s)                systemd's trim (space, tab, newline, CR; not U+FEFF or U+00A0 as JS trim())
 *   parseBoolean(s)                  systemd boolean spellings
 *   cUnescapeOne / cEscapeChar       the C-escape grammar
 */
export { parseUnitFile } from './parse';
export { serializeUnitFile, escapeValue, checkRawValue } from './serialize';
export { UnitFile } from './unit-file';
export type { KeyLine } from './model';
export { splitWords, SplitError, type SplitOptions } from './split-words';
export { quoteWord, escapeWords } from './escape-words';
export { parseBoolean } from './bool';
export { cEscapeChar } from './c-escape';
export { UnitFileParseError, UnitFileValueError } from './errors';
export { trimWhitespace } from './blanks';
