using Arbiter.Storage;

namespace Arbiter.Server;

/// <summary>Registers each part of the one store by its concern, so a feature asks for what it
/// uses (<see cref="IUserStore"/>, <see cref="IJobLeases"/>…) and every part is the same
/// <see cref="IArbiterStore"/> singleton, on the same database.</summary>
internal static class StoreParts
{
    public static IServiceCollection AddStoreParts(this IServiceCollection services)
    {
        services.AddSingleton<ISubmissionStore>(sp => sp.GetRequiredService<IArbiterStore>());
        services.AddSingleton<IJobLeases>(sp => sp.GetRequiredService<IArbiterStore>());
        services.AddSingleton<IQueueStatistics>(sp => sp.GetRequiredService<IArbiterStore>());
        services.AddSingleton<IWorkerRegistry>(sp => sp.GetRequiredService<IArbiterStore>());
        services.AddSingleton<ICallbackOutbox>(sp => sp.GetRequiredService<IArbiterStore>());
        services.AddSingleton<IProblemStore>(sp => sp.GetRequiredService<IArbiterStore>());
        services.AddSingleton<IUserStore>(sp => sp.GetRequiredService<IArbiterStore>());
        services.AddSingleton<IFileCache>(sp => sp.GetRequiredService<IArbiterStore>());
        return services;
    }
}
