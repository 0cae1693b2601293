// Reads the exponent as an int: int.Parse throws OverflowException (a run-time error) once b
// passes 2^31 - 1, which happens in groups 2 and 3. Scores 20.
var parts = Console.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
ulong modulus = ulong.Parse(parts[2]);
UInt128 baseValue = ulong.Parse(parts[0]) % modulus;
int exponent = int.Parse(parts[1]);
UInt128 result = 1 % modulus;
for (; exponent > 0; exponent >>= 1)
{
    if ((exponent & 1) == 1) result = result * baseValue % modulus;
    baseValue = baseValue * baseValue % modulus;
}
Console.WriteLine(result);
