namespace QualityWatch.Configuration;

/// <summary>The configuration file is missing or malformed. The message is one line, safe to print.</summary>
public sealed class ConfigurationFileException : Exception
{
    public ConfigurationFileException(string message)
        : base(message)
    {
    }

    public ConfigurationFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConfigurationFileException()
    {
    }
}
