import std/[strutils, sequtils]

let numbers = stdin.readAll.splitWhitespace.map(parseBiggestInt)
echo numbers[0] + numbers[1]
