#!/usr/bin/env node
// A committed shim so the bin exists before the package is built; the program itself is dist/cli.js.
import '../dist/cli.js';
