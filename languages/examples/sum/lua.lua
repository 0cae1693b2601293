local a = math.tointeger(io.read("n"))
local b = math.tointeger(io.read("n"))
print(a + b)
