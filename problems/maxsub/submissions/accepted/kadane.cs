// Kadane: the best run ending at each value is that value, or it added to the best run before.
Console.ReadLine();
var values = Console.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
long best = values[0], current = values[0];
foreach (var x in values.Skip(1))
{
    current = Math.Max(x, current + x);
    best = Math.Max(best, current);
}

Console.WriteLine(best);
