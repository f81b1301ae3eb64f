using System.Linq.Expressions;
using System.Reflection;
using FluentValidation;
using Uploader.Api.Contracts;

namespace Uploader.Api.Problems;

/// <summary>
/// The one map from a validated property (validators name them in C#) to the wire field a client sent it as.
/// FluentValidation asks it for both a failure's property name (the key under `errors`) and the name a message
/// spells, so the answer names what the client sent while the Application layer knows no wire word.
/// </summary>
public static class ValidationFieldNames
{
    // Keyed by the C# property names of the commands and queries; a rule on a nested value (FileIds.Count,
    // TotalChunks.Value) is named after the property it starts from.
    private static readonly Dictionary<string, string> WireFieldOf = new(StringComparer.Ordinal)
    {
        ["FileId"] = WireFields.FileId,
        ["ChunkIndex"] = WireFields.ChunkIndex,
        ["TotalChunks"] = WireFields.TotalChunks,
        ["FileSize"] = WireFields.FileSize,
        ["ChunkSize"] = WireFields.ChunkSize,
        ["Md5"] = WireFields.Md5,
        ["ExpectedMd5"] = WireFields.ExpectedMd5,
        ["Chunk"] = WireFields.Chunk,
        ["Status"] = WireFields.Status,
        ["Page"] = WireFields.Page,
        ["PageSize"] = WireFields.PageSize,
        ["Search"] = WireFields.Search,
        ["DeleteFile"] = WireFields.DeleteFile,
        ["OlderThanDays"] = WireFields.OlderThan,
        ["Action"] = WireFields.Action,
        ["FileIds"] = WireFields.FileIds,
        ["FolderTaskId"] = WireFields.FolderTaskId,
        ["FolderName"] = WireFields.FolderName,
        ["Files"] = WireFields.Files,
        ["Name"] = WireFields.Name,
        ["RelativePath"] = WireFields.RelativePath,
        ["Size"] = WireFields.Size,
        ["Length"] = Tus.TusHeaders.UploadLength,
        ["Metadata"] = Tus.TusHeaders.UploadMetadata,
        ["PartIds"] = Tus.TusHeaders.UploadConcat,
    };

    /// <summary>Makes FluentValidation name properties by their wire fields; call before the first validator is built.</summary>
    public static void Install()
    {
        ValidatorOptions.Global.PropertyNameResolver = Of;
        ValidatorOptions.Global.DisplayNameResolver = Of;
    }

    private static string Of(Type validated, MemberInfo? member, LambdaExpression? expression)
    {
        var property = PropertyReadFromMessage(expression) ?? member
            ?? throw new InvalidOperationException($"A rule of {validated.Name} names no property.");
        return WireFieldOf.TryGetValue(property.Name, out var field)
            ? field
            : throw new InvalidOperationException(
                $"{validated.Name}.{property.Name} has no wire field; add it to {nameof(ValidationFieldNames)}.");
    }

    /// <summary>The member read straight off the message in <c>m =&gt; m.A.B</c>: A.</summary>
    private static MemberInfo? PropertyReadFromMessage(LambdaExpression? expression)
    {
        var body = expression?.Body;
        MemberInfo? outermost = null;
        while (true)
        {
            while (body is UnaryExpression unary)
            {
                body = unary.Operand;
            }

            if (body is not MemberExpression access)
            {
                return body is ParameterExpression ? outermost : null;
            }

            outermost = access.Member;
            body = access.Expression;
        }
    }
}
