// Node writes to a pipe synchronously on Linux, so each guess reaches the judge at once.
const readline = require("readline");

let low = 1, high = 1000, guess = 500;
console.log(guess);
readline.createInterface({ input: process.stdin }).on("line", (reply) => {
  if (reply.trim() === "correct") process.exit(0);
  if (reply.trim() === "higher") low = guess + 1; else high = guess - 1;
  guess = Math.floor((low + high) / 2);
  console.log(guess);
});
