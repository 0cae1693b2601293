// Drives the npm package piston-client against a server: node run.mjs <server> <language> <file>
// runs the file's code (stdin "5\n", args ["a", "b"]) and prints the client's answer as JSON.
import { readFileSync } from "node:fs";
import piston from "piston-client";

const [server, language, file] = process.argv.slice(2);
const client = piston({ server });
const runtimes = await client.runtimes();
const result = await client.execute(language, readFileSync(file, "utf8"), { stdin: "5\n", args: ["a", "b"] });
console.log(JSON.stringify({ runtimes: Array.isArray(runtimes) ? runtimes.length : runtimes, result }));
