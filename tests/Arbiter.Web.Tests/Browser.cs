using System.Collections.ObjectModel;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Chromium;

namespace Arbiter.Web.Tests;

/// <summary>
/// A real headless Chromium (Debian's /usr/bin/chromium through /usr/bin/chromedriver; Selenium
/// Manager never runs, so nothing is downloaded) with a fresh profile, pointed at one server.
/// Waits poll with a generous timeout and never assert how long anything took.
/// </summary>
public sealed class Browser : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _profile = Directory.CreateTempSubdirectory("arbiter-chromium-").FullName;
    private readonly ChromeDriverService _service;

    public Browser(Uri server, int width = 1280, int height = 900)
    {
        Server = server;
        _service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        _service.SuppressInitialDiagnosticInformation = true;
        _service.HideCommandPromptWindow = true;
        try
        {
            Driver = new ChromeDriver(_service, Options(_profile, width, height), Timeout);
        }
        catch
        {
            _service.Dispose();
            Directory.Delete(_profile, recursive: true);
            throw;
        }
    }

    public Uri Server { get; }

    public ChromeDriver Driver { get; }

    /// <summary>Opens a page and waits until its script says it is ready (pages set
    /// <c>document.body.dataset.ready</c> once their data is shown; see docs/web.md).</summary>
    public void Open(string path)
    {
        Driver.Navigate().GoToUrl(new Uri(Server, path));
        WaitUntilReady();
    }

    public void WaitUntilReady() =>
        Until(() => Script("return document.readyState === 'complete' && document.body.dataset.ready === 'true'") is true, $"{Driver.Url} to be ready");

    /// <summary>The first displayed element matching a CSS selector, once there is one.</summary>
    public IWebElement WaitFor(string css) =>
        Until(() => Driver.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed), $"'{css}' to be shown")!;

    /// <summary>Waits until the element's text contains <paramref name="expected"/>; returns its whole text.</summary>
    public string WaitForText(string css, string expected)
    {
        var last = "";
        return Until(
            () =>
            {
                last = Driver.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed)?.Text ?? "";
                return last.Contains(expected, StringComparison.Ordinal) ? last : null;
            },
            () => $"'{css}' to contain '{expected}' (it shows '{last}')")!;
    }

    public void Click(string css) => WaitFor(css).Click();

    /// <summary>Replaces an input's or textarea's text by typing.</summary>
    public void Type(string css, string text)
    {
        var element = WaitFor(css);
        element.Clear();
        element.SendKeys(text);
    }

    /// <summary>The code in the page's editor (the editor module's <c>window.arbiterEditor</c>).</summary>
    public string EditorText => (string)Script("return window.arbiterEditor.getValue()")!;

    /// <summary>Sets the editor's code in one step, as pasting would.</summary>
    public void SetEditorText(string text) => Script("window.arbiterEditor.setValue(arguments[0])", text);

    /// <summary>Types into the editor with real key presses, after selecting everything in it.</summary>
    public void TypeInEditor(string keys)
    {
        var content = WaitFor(".cm-content");
        content.Click();
        content.SendKeys(Keys.Control + "a");
        content.SendKeys(Keys.Delete);
        content.SendKeys(keys);
    }

    public object? Script(string script, params object[] arguments) => Driver.ExecuteScript(script, arguments);

    /// <summary>Severe entries of the browser console since the last call: script errors,
    /// failed requests.</summary>
    public IReadOnlyList<string> ConsoleErrors()
    {
        ReadOnlyCollection<LogEntry> entries = Driver.Manage().Logs.GetLog(LogType.Browser);
        return [.. entries.Where(e => e.Level >= LogLevel.Severe).Select(e => e.Message)];
    }

    /// <summary>Polls until <paramref name="condition"/> gives a value that is not null or false.</summary>
    public static T Until<T>(Func<T?> condition, string what) => Until(condition, () => what);

    public static T Until<T>(Func<T?> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            try
            {
                if (condition() is { } value && value is not false)
                {
                    return value;
                }
            }
            catch (StaleElementReferenceException)
            {
                // The page re-rendered between finding and reading: look again.
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {Timeout.TotalSeconds} s for {what()}.");
            }

            Thread.Sleep(100);
        }
    }

    private static ChromeOptions Options(string profile, int width, int height)
    {
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            $"--user-data-dir={profile}", $"--window-size={width},{height}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        if (width < 500)
        {
            // A desktop window cannot be narrower than about 500 px: narrower is a phone,
            // emulated (its viewport, touch, and the page's viewport meta tag honoured).
            options.EnableMobileEmulation(new ChromiumMobileEmulationDeviceSettings
            {
                Width = width,
                Height = height,
                PixelRatio = 2,
                EnableTouchEvents = true,
                UserAgent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36",
            });
        }

        return options;
    }

    public void Dispose()
    {
        try
        {
            Driver.Quit();
        }
        finally
        {
            Driver.Dispose();
            _service.Dispose();
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium's helper processes may still be closing files; the temp dir is reaped anyway.
            }
        }
    }
}
