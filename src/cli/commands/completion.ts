import type { RegisterCommand } from './register';

// The scripts ask quadctl itself for candidates through yargs' completion protocol
// (`quadctl --get-yargs-completions WORDS…`, enabled in ../quadctl.ts), so commands
// and options added later complete without a new script. yargs formats candidates
// by $SHELL (zsh: `value:description`, fish: `value<TAB>description`), so each
// script names its shell for the query: $SHELL is the login shell, not the one asking.
const SCRIPTS = {
  bash: `# bash completion for quadctl: source it, or install as
# /usr/share/bash-completion/completions/quadctl
_quadctl_completions() {
  local IFS=$'\\n' candidates
  candidates=$(SHELL=bash quadctl --get-yargs-completions "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  COMPREPLY=($(compgen -W "$candidates" -- "\${COMP_WORDS[COMP_CWORD]}"))
  [ \${#COMPREPLY[@]} -gt 0 ] || compopt -o default 2>/dev/null
}
complete -F _quadctl_completions quadctl
`,
  zsh: `#compdef quadctl
# zsh completion for quadctl: install as _quadctl in a folder on $fpath
# (/usr/share/zsh/vendor-completions), or source it.
_quadctl() {
  local -a reply
  reply=("\${(@f)$(SHELL=zsh quadctl --get-yargs-completions "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if (( \${#reply} )) && [[ -n \${reply[1]} ]]; then _describe 'quadctl' reply; else _default; fi
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _quadctl "$@"; else compdef _quadctl quadctl; fi
`,
  fish: `# fish completion for quadctl: install as
# ~/.config/fish/completions/quadctl.fish or /usr/share/fish/vendor_completions.d/quadctl.fish
complete -c quadctl -f -a '(SHELL=fish quadctl --get-yargs-completions (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`,
} as const;

type Shell = keyof typeof SCRIPTS;
const SHELLS = Object.keys(SCRIPTS) as Shell[];

function completionScript(shell: Shell): string {
  return SCRIPTS[shell];
}

/** The shell to write for when none is named: the login shell, else bash. */
function defaultShell(env: NodeJS.ProcessEnv): Shell {
  const name = (env.SHELL ?? '').split('/').pop() ?? '';
  return (SHELLS as string[]).includes(name) ? (name as Shell) : 'bash';
}

export const register: RegisterCommand = (cli) =>
  cli.command(
    'completion [shell]',
    'Print a shell completion script (bash, zsh or fish)',
    (y) =>
      y
        .usage('$0 completion [bash|zsh|fish]\n\nPrint the completion script for a shell (default: the one $SHELL names). Packages install them; by hand:')
        .positional('shell', { choices: SHELLS, describe: 'The shell to write for' })
        .example('$0 completion bash > ~/.local/share/bash-completion/completions/quadctl', 'bash')
        .example('$0 completion zsh > ~/.zfunc/_quadctl', 'zsh (with ~/.zfunc on $fpath)')
        .example('$0 completion fish > ~/.config/fish/completions/quadctl.fish', 'fish'),
    (argv) => {
      process.stdout.write(completionScript((argv.shell as Shell | undefined) ?? defaultShell(process.env)));
    },
  );
