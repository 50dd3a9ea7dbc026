// Property tests draw their cases from a fixed seed, so a run is reproducible and CI
// fails only on a change, never on the dice. QUADCTL_FC_SEED=random explores new cases
// (the failing seed is printed); QUADCTL_FC_SEED=N replays one.
import fc from 'fast-check';

const FIXED_SEED = 20261127;
const wanted = process.env.QUADCTL_FC_SEED;
if (wanted !== 'random') fc.configureGlobal({ seed: wanted === undefined || wanted === '' ? FIXED_SEED : Number(wanted) });
