using System.Linq.Expressions;
using FluentValidation;
using FluentValidation.Internal;

namespace Uploader.Application.Tasks;

/// <summary>
/// How a message names a property other than its rule's own ('{PropertyName}'): by the name validation reports
/// that property under, which the host chooses (the Api names them by their wire fields).
/// </summary>
public static class DisplayNames
{
    public static string Of<T, TProperty>(Expression<Func<T, TProperty>> property)
    {
        var member = property.GetMember();
        return ValidatorOptions.Global.DisplayNameResolver(typeof(T), member, property) ?? member.Name;
    }
}
