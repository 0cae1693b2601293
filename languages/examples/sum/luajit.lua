-- LuaJIT's numbers are doubles, which cannot hold every 64-bit sum: add as int64_t through the FFI.
local ffi = require("ffi")
ffi.cdef [[ long long strtoll(const char *text, char **end, int base); ]]

local a, b = io.read("*a"):match("(%S+)%s+(%S+)")
local sum = ffi.C.strtoll(a, nil, 10) + ffi.C.strtoll(b, nil, 10)
print((tostring(sum):gsub("LL$", "")))
