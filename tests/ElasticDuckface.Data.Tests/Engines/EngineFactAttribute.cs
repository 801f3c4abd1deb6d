using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary>
/// A fact of <see cref="EngineTests{TFixture}"/>: it runs for every concrete subclass, and is skipped with the reason
/// only for one whose fixture's <see cref="IEngineFixture.SkipReason"/> is set (no server here and CI is not <c>true</c>).
/// </summary>
[XunitTestCaseDiscoverer("ElasticDuckface.Data.Tests.Engines.EngineFactDiscoverer", "ElasticDuckface.Data.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class EngineFactAttribute : FactAttribute;

/// <summary>Discovers an <see cref="EngineFactAttribute"/> as a plain fact, or as a skipped one when its engine cannot run here.</summary>
public sealed class EngineFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _facts = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        var reason = SkipReason((testMethod.TestClass.Class as IReflectionTypeInfo)?.Type);
        return reason is null
            ? _facts.Discover(discoveryOptions, testMethod, factAttribute)
            : [new XunitSkippedDataRowTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
    }

    /// <summary>The <c>SkipReason</c> of the fixture type argument of the generic engine test base (<see cref="EngineTests{TFixture}"/>,
    /// <see cref="IntoExistingTests{TFixture}"/>) that <paramref name="testClass"/> derives from.</summary>
    private static string? SkipReason(Type? testClass)
    {
        for (var type = testClass; type is not null; type = type.BaseType)
        {
            // any generic base over one engine fixture: EngineTests<TFixture>, IntoExistingTests<TFixture>, ...
            if (type.IsGenericType && type.GetGenericArguments() is [var fixture] && typeof(IEngineFixture).IsAssignableFrom(fixture))
            {
                var property = fixture.GetProperty(nameof(IEngineFixture.SkipReason), BindingFlags.Public | BindingFlags.Static);
                return (string?)property?.GetValue(null);
            }
        }

        return null;
    }
}
