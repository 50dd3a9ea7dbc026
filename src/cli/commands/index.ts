
import { register as apply } from './apply';
import { register as check } from './check';
import { register as completion } from './completion';
import { register as diff } from './diff';
import { register as exportTo } from './export';
import { register as forget } from './forget';
import { register as generate } from './generate';
import { register as hold } from './hold';
import { register as history } from './history';
import { register as importCommand } from './import';
import { register as metrics } from './metrics';
import { register as notify } from './notify';
import { register as rollback } from './rollback';
import { register as status } from './status';
import { register as timer } from './timer';
import { register as update } from './update';
import { register as validate } from './validate';
import type { RegisterCommand } from './register';

// Each command lives in its own file beside this one and is listed here. That file
// holds only what yargs needs to list and parse the command; the handler, with the
// adapters and libraries it needs, is in ../handlers and imported when the command
// runs, so `quadctl --help` or `quadctl history` does not load D-Bus, HTTP and
// template code (the build splits each handler into its own chunk).
export const commands: RegisterCommand[] = [generate, validate, diff, apply, check, timer, update, status, history, rollback, hold, forget, importCommand, exportTo, notify, metrics, completion];
