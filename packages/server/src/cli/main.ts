#!/usr/bin/env node
import { runCli } from './run-cli.js';

// The `billing-kit` bin. Everything lives in runCli so that tests run the same code.
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
