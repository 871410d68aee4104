// Nothing is ever clipped, on the public site of a hostile cohort: see lib/clipping.mjs.

import { clippingSuite } from './lib/clipping.mjs';

clippingSuite('public');
