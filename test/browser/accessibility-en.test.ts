import { accessibilitySuite } from '../support/accessibility-suite.js';

accessibilitySuite('en');
