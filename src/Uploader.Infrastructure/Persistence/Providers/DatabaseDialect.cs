using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Uploader.Infrastructure.Persistence.Providers;

/// <summary>
/// Everything the task store does differently per database, in one place per provider: how the context is
/// configured, how migrations are applied, how the group-commit writer opens its connection and its transaction,
/// which errors mean a constraint refused a row, how a text is searched case-insensitively, and how the store is
/// named in logs. The queries themselves are the same LINQ and the same SQL on both, that one condition apart
/// (docs/adr/0009-postgresql-and-migrations-per-provider.md). Public only
/// as a type that services take; nothing of it is usable outside Infrastructure.
/// </summary>
public abstract class DatabaseDialect
{
    private protected DatabaseDialect()
    {
    }

    internal static DatabaseDialect For(DatabaseProvider provider, string database) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(database),
        DatabaseProvider.Postgres => new PostgresDialect(database),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider"),
    };

    internal abstract DatabaseProvider Provider { get; }

    /// <summary>Where the store is, safe to log and to show: never a password.</summary>
    internal abstract string Description { get; }

    /// <summary>Registers <see cref="UploaderDbContext"/> as this provider's context, with the migrations set it owns.</summary>
    internal abstract void AddContext(IServiceCollection services);

    /// <summary>Applies the pending migrations once however many instances start at the same time.</summary>
    internal abstract Task MigrateAsync(UploaderDbContext db, CancellationToken cancellationToken);

    /// <summary>A new open connection for the group-commit writer, set up for its commits.</summary>
    internal abstract DbConnection OpenWriterConnection();

    /// <summary>Starts the writer's transaction: it must hold what it writes until its commit.</summary>
    internal abstract string BeginWriteTransaction { get; }

    /// <summary>
    /// SQL that locks one task row (by file_id, parameter {0}) until the transaction ends, run before a read-then-write
    /// transaction (merge claim, removal) loads the task; null where the transaction holds the write lock already.
    /// </summary>
    internal virtual string? LockTaskRowSql => null;

    /// <summary>The same for every file of a folder upload, by folder_task_id ({0}).</summary>
    internal virtual string? LockFolderFilesSql => null;

    /// <summary>A row refused by a key, a unique index or a foreign key: a lost race, not a fault.</summary>
    internal abstract bool IsConstraintViolation(Exception exception);

    /// <summary>The escape character of <see cref="ContainsAny{T}"/>'s LIKE patterns.</summary>
    private protected const string LikeEscape = "\\";

    /// <summary>
    /// <c>value</c> matches the LIKE <c>pattern</c> (escaped with <see cref="LikeEscape"/>) whatever the case of its
    /// letters, as this provider can say it in SQL.
    /// </summary>
    private protected abstract Expression<Func<string, string, bool>> LikeIgnoringCase { get; }

    /// <summary>
    /// A condition for <c>Where</c>: one of <paramref name="columns"/> contains <paramref name="text"/>, case-insensitively,
    /// every character of the text taken literally (<c>%</c>, <c>_</c> and the escape character are escaped). The text
    /// goes to the database as a parameter. No index serves it: the rows it is applied to are scanned.
    /// </summary>
    internal Expression<Func<T, bool>> ContainsAny<T>(string text, params Expression<Func<T, string>>[] columns)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfZero(columns.Length);
        var pattern = "%" + EscapeLike(text) + "%";
        Expression<Func<string>> patternParameter = () => pattern;
        var row = Expression.Parameter(typeof(T), "row");
        var like = LikeIgnoringCase;
        Expression? any = null;
        foreach (var column in columns)
        {
            var value = Replace(column.Body, column.Parameters[0], row);
            var match = Replace(Replace(like.Body, like.Parameters[0], value), like.Parameters[1], patternParameter.Body);
            any = any is null ? match : Expression.OrElse(any, match);
        }

        return Expression.Lambda<Func<T, bool>>(any!, row);
    }

    /// <summary><paramref name="text"/> as a LIKE pattern that matches exactly it, escaped with <see cref="LikeEscape"/>.</summary>
    internal static string EscapeLike(string text) =>
        text.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);

    private static Expression Replace(Expression body, ParameterExpression parameter, Expression by) =>
        new ParameterReplacement(parameter, by).Visit(body);

    private sealed class ParameterReplacement(ParameterExpression parameter, Expression by) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? by : node;
    }
}
