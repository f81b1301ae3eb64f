using Microsoft.Playwright;

namespace Uploader.Browser.Tests;

/// <summary>The parts of Swagger UI's page a test works with, found by the classes Swagger UI renders.</summary>
public sealed class SwaggerUi(IPage page)
{
    public async Task OpenAsync(Uri server)
    {
        await page.GotoAsync(new Uri(server, "swagger/index.html").ToString());
        await page.Locator(".opblock").First.WaitForAsync();
    }

    /// <summary>Authorize, the key and Authorize in the X-Secret-Key scheme's box, Close.</summary>
    public async Task AuthorizeAsync(string key)
    {
        await page.Locator("button.authorize").First.ClickAsync();
        var scheme = SchemeBox("X-Secret-Key");
        await scheme.Locator("input").FillAsync(key);
        await scheme.Locator("button[aria-label='Apply credentials']").ClickAsync();
        await scheme.Locator("button[aria-label='Remove authorization']").WaitForAsync();
        await CloseDialogAsync();
    }

    /// <summary>The text the Authorize dialog shows for the scheme whose box mentions <paramref name="marker"/>.</summary>
    public async Task<string> SchemeTextAsync(string marker)
    {
        await page.Locator("button.authorize").First.ClickAsync();
        var text = await SchemeBox(marker).InnerTextAsync();
        await CloseDialogAsync();
        return text;
    }

    /// <summary>Expands the operation on <paramref name="path"/> and presses its Try it out.</summary>
    public async Task<SwaggerOperation> TryItOutAsync(string path)
    {
        var operation = page.Locator(".opblock").Filter(new() { Has = page.Locator($".opblock-summary-path[data-path='{path}']") });
        await operation.Locator(".opblock-summary").ClickAsync();
        await operation.Locator("button.try-out__btn").ClickAsync();
        await operation.Locator("button.execute").WaitForAsync();
        return new SwaggerOperation(operation);
    }

    /// <summary>Every scheme's form has a Close; any one closes the dialog.</summary>
    private async Task CloseDialogAsync()
    {
        await page.Locator(".dialog-ux button.btn-done").First.ClickAsync();
        await page.Locator(".dialog-ux").WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    private ILocator SchemeBox(string marker) =>
        page.Locator(".dialog-ux form").Filter(new() { HasText = marker });
}

/// <summary>One expanded operation in Try it out mode.</summary>
public sealed class SwaggerOperation(ILocator operation)
{
    public Task FillFieldAsync(string name, string value) =>
        Field(name).Locator("input[type=text]").FillAsync(value);

    /// <summary>The value Try it out put in a form field before anyone typed.</summary>
    public Task<string> FieldValueAsync(string name) => Field(name).Locator("input[type=text]").InputValueAsync();

    public Task PickFileAsync(string name, string path) =>
        Field(name).Locator("input[type=file]").SetInputFilesAsync(path);

    /// <summary>The JSON body as Try it out pre-filled it.</summary>
    public Task<string> JsonBodyAsync() => operation.Locator("textarea.body-param__text").InputValueAsync();

    public Task FillJsonBodyAsync(string json) => operation.Locator("textarea.body-param__text").FillAsync(json);

    /// <summary>Presses Execute and reads the server's answer as Swagger UI shows it.</summary>
    public async Task<SwaggerAnswer> ExecuteAsync()
    {
        await operation.Locator("button.execute").ClickAsync();
        var answer = operation.Locator(".live-responses-table tr.response").First;
        await answer.WaitForAsync();
        return new SwaggerAnswer(
            (await answer.Locator(".response-col_status").InnerTextAsync()).Trim(),
            await answer.Locator(".response-col_description").InnerTextAsync());
    }

    private ILocator Field(string name) => operation.Locator($"tr[data-property-name='{name}']");
}

/// <summary>An answer in Try it out's "Server response": its status code and the text shown under it.</summary>
public sealed record SwaggerAnswer(string Status, string Body);
