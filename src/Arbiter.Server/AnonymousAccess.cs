namespace Arbiter.Server;

/// <summary>What a request without credentials may do (<c>Server:Anonymous</c>).</summary>
public enum AnonymousAccess
{
    /// <summary>Acts as staff: submits, reads and lists every submission, uploads problems,
    /// manages workers (not users). For one person, or a network where everyone is trusted.</summary>
    Trusted,

    /// <summary>A public playground: submits, and reads an anonymous submission by its id or
    /// ticket alone; reads problems and languages. Lists nothing, reaches no operator route.</summary>
    Tickets,

    /// <summary>Nothing: every /api/v1 route but sign-up and sign-in needs a session or a key.</summary>
    Off,
}
