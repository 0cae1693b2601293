using Arbiter.Engine.Languages;
using Arbiter.Server.Features.Compat.Jobe;
using Arbiter.Server.Features.Compat.Piston;

namespace Arbiter.Server.Features.Compat;

/// <summary>Registers and maps the Jobe and Piston adapters (docs/compat.md).</summary>
internal static class CompatServices
{
    public static IServiceCollection AddCompat(this IServiceCollection services)
    {
        services.AddOptions<CompatOptions>().BindConfiguration(CompatOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => CompatLanguages.Load(sp.GetRequiredService<LanguageCatalog>(), CompatLanguages.PathIn(ArbiterServer.LanguagesDirectory)));
        services.AddSingleton<CompatRuns>();
        services.AddSingleton<JobeFileCache>();
        return services;
    }

    public static void MapCompat(this IEndpointRouteBuilder routes)
    {
        routes.MapJobe();
        routes.MapPiston();
    }

}
