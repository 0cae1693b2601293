using Arbiter.Engine.Languages;
using Arbiter.Server.Features.Compat.Jobe;
using Arbiter.Server.Features.Compat.Judge0;
using Arbiter.Server.Features.Compat.Piston;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Compat;

/// <summary>Registers and maps the Jobe, Judge0 and Piston adapters (docs/compat.md).</summary>
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
        routes.MapJudge0(routes.ServiceProvider.GetRequiredService<IOptions<CompatOptions>>().Value.Judge0AtRoot);
    }

}
