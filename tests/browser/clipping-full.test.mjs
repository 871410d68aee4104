// Nothing is ever clipped, on the full view (`build --full`) of a hostile cohort: see lib/clipping.mjs.

import { clippingSuite } from './lib/clipping.mjs';

clippingSuite('full');
