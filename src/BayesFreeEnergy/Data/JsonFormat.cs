using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BayesFreeEnergy.Data;

/// <summary>
/// The JSON conventions of every summary and result file: snake_case names, enum values as snake_case strings,
/// indented, and infinities or NaN written as strings rather than refused.
/// </summary>
public static class JsonFormat
{
    /// <summary>The serializer options; reading with them accepts exactly what writing produces.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },

        // Reading a result file back (bfe compare, bfe report) must fail on a missing or null field, not produce a
        // record with holes.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>
    /// Options for the files people write by hand (experiments, teachers): snake_case, comments and trailing commas
    /// allowed, and any key the format does not know refused, so a typo is reported instead of ignored.
    /// </summary>
    public static JsonSerializerOptions InputFiles { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false, // a key given twice is a mistake, not "the last one wins"
    };
}
