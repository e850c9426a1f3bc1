namespace Smo.Functions.Http;

/// <summary>The key an HTTP function requires, as in Azure Functions.</summary>
public enum AuthorizationLevel
{
    /// <summary>No key.</summary>
    Anonymous,

    /// <summary>The function's own key, the default host key, or the master key.</summary>
    Function,

    /// <summary>The master key only.</summary>
    Admin,
}
