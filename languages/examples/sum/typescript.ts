const tokens: string[] = require("fs").readFileSync(0, "utf8").split(/\s+/).filter((t: string) => t.length > 0);
const sum: bigint = tokens.map((t) => BigInt(t)).reduce((x, y) => x + y, 0n);
console.log(sum.toString());
