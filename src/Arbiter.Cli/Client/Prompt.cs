using System.Text;

namespace Arbiter.Cli.Client;

/// <summary>Asking for a name and a password. On a terminal the prompt goes to stderr and the
/// password is read without echo; from a pipe each is one line of stdin (so scripts can sign in
/// with <c>printf 'pw\n' | arbiter login</c>).</summary>
internal static class Prompt
{
    public static string? Line(string prompt)
    {
        if (!Console.IsInputRedirected)
        {
            Console.Error.Write(prompt);
        }

        return Console.In.ReadLine();
    }

    public static string? Secret(string prompt)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        Console.Error.Write(prompt);
        var secret = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return secret.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0)
                {
                    secret.Length--;
                }
            }
            else if (key.Key == ConsoleKey.D && key.Modifiers.HasFlag(ConsoleModifiers.Control) && secret.Length == 0)
            {
                Console.Error.WriteLine();
                return null;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }
    }
}
