// Assumes n is even: for odd n, 2 × (n / 2) is n − 1, which the validator rejects.
long n = long.Parse(Console.ReadLine()!.Trim());
Console.WriteLine($"2 {n / 2}");
