namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>Judge0's query parameters: <c>base64_encoded</c> and <c>wait</c> (each on only when
/// exactly <c>true</c>, as in Judge0) and <c>fields</c>.</summary>
internal sealed record Judge0Query(bool Base64, bool Wait, IReadOnlyList<string>? Fields, IReadOnlyList<string>? InvalidFields)
{
    public static Judge0Query Of(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (fields, invalid) = Judge0Fields.Parse(query["fields"].ToString());
        return new(query["base64_encoded"] == "true", query["wait"] == "true", fields, invalid.Count > 0 ? invalid : null);
    }
}
