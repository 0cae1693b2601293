using Arbiter.Engine.Languages;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Jobs;

/// <summary>Checks <see cref="ServerOptions.WorkerLanguages"/> against the language catalog,
/// which data annotations cannot see: a misspelt id would otherwise leave a worker idle.</summary>
internal sealed class WorkerLanguagesValidation(LanguageCatalog catalog) : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var unknown = options.WorkerLanguageIds.Where(id => catalog.Find(id) is null).ToList();
        return unknown.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Server:WorkerLanguages: " +
                $"unknown language {string.Join(", ", unknown.Select(id => $"'{id}'"))} (one of {string.Join(", ", catalog.Languages.Select(l => l.Id))})");
    }
}
