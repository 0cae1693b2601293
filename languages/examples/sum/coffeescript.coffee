tokens = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter (t) -> t.length > 0
[a, b] = tokens.map BigInt
console.log String(a + b)
