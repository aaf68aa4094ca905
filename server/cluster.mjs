#!/usr/bin/env node
// `npm run cluster [-- --port 6443 --state FILE --kubeconfig FILE --nodes 2]`: bundles the server
// (see build.mjs) and runs it. Everything else lives in server/main.ts.
import { pathToFileURL } from 'node:url';
import { buildServer } from './build.mjs';

const bundle = await buildServer();
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
