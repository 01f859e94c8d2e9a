// The bundle's entry point (esbuild, `make assets` → static/vendor/ballot/ballot.min.js): the
// page scripts (external files, the CSP forbids inline ones) use window.ThiduaBallot.
import * as crypto from './crypto.js';
import { verifyBoard, verifyQuestion } from './bulletin.js';

globalThis.ThiduaBallot = { ...crypto, verifyBoard, verifyQuestion };
