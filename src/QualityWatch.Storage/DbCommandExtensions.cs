using System.Data.Common;

namespace QualityWatch.Storage;

/// <summary>Provider-neutral parameter binding shared by every store (SQLite and Npgsql commands alike).</summary>
internal static class DbCommandExtensions
{
    /// <summary>Adds a named parameter; null becomes SQL NULL.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
