package io.racex.cli;

import static io.racex.cli.RacexCommandTest.racex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The HTML report in a real browser: headless Chromium, driven by Selenium, opens the page racex
 * wrote, steps through the schedule with the keys and buttons, and checks what is shown. Skipped
 * with a message when Chromium or its driver is missing, except in CI ({@code CI=true}), where
 * that is a failure ({@code .ci/run} installs Debian's {@code chromium} and {@code chromium-driver}).
 *
 * <p>It leaves screenshots in {@code target/screenshots}; with {@code -Dracex.screenshots=DIR}
 * (e.g. {@code ../docs/images}) it writes them there too, for the docs.
 */
class HtmlReportBrowserTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("RACEX_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("RACEX_CHROMEDRIVER", "/usr/bin/chromedriver"));

    static ChromeDriver browser;
    static Path profile;

    @BeforeAll
    static void startChromium() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            String why = "no headless Chromium: " + CHROMIUM + " or " + DRIVER + " is missing (apt-get install chromium"
                    + " chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + " — in CI this test must run");
            }
            Assumptions.abort(why + "; the browser test is skipped");
        }
        profile = Files.createTempDirectory("racex-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags this machine needs: no sandbox as root, and no background connections (the network is closed)
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Writes {@code scenario}'s HTML report with the racex command and opens it. */
    static void open(Path dir, String scenario) {
        Path html = dir.resolve(scenario + ".html");
        RacexCommandTest.Run r = racex("explore", scenario, "--format", "html", "-o", html.toString());
        assertEquals(1, r.code(), r.err());
        browser.manage().window().setSize(new Dimension(1400, 1000));
        browser.get(html.toUri().toString());
    }

    static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    static void key(Keys k) {
        browser.findElement(By.tagName("body")).sendKeys(k);
    }

    static boolean faded(String css) {
        return browser.findElement(By.cssSelector(css)).getAttribute("class").contains("future");
    }

    static void screenshot(String name) throws IOException {
        Object height = ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight;");
        browser.manage().window().setSize(new Dimension(1400, Math.min(2400, ((Number) height).intValue() + 40)));
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target/screenshots");
        Files.createDirectories(target);
        Files.copy(shot, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        String docs = System.getProperty("racex.screenshots");
        if (docs != null) {
            Files.createDirectories(Path.of(docs));
            Files.copy(shot, Path.of(docs, name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void findAndUpdateShowsWholeStatementsValuesAndStepsThroughTheLostUpdate(@TempDir Path dir) throws IOException {
        open(dir, "find-and-update");
        assertTrue(text("#where").contains("h2") && text("#where").contains("READ COMMITTED"), text("#where"));
        // the whole statement and the row it read, in the box of step 1, not cut
        String first = text("#step-1");
        assertTrue(first.contains("SELECT * FROM message WHERE time = TIMESTAMP '2009-01-01 00:00:00'"), first);
        assertTrue(first.contains("('msg a', '2009-01-01 00:00:00')"), first);
        for (WebElement cell : browser.findElements(By.cssSelector(".cell"))) {
            Object overflows = ((JavascriptExecutor) browser).executeScript(
                    "return arguments[0].scrollWidth > arguments[0].clientWidth + 1;", cell);
            assertEquals(Boolean.FALSE, overflows, "text spills out of " + cell.getText());
        }
        // the timeline uses the page's width
        int page = browser.findElement(By.tagName("body")).getSize().getWidth();
        int timeline = browser.findElement(By.id("timeline")).getSize().getWidth();
        assertTrue(timeline > page * 0.9, "timeline " + timeline + " px of " + page);
        // the anomaly's steps are marked, in order: read, overwritten write, overwriting write
        List<String> roles = browser.findElements(By.cssSelector(".role")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("1. read", "3. overwriting write", "2. overwritten write").stream().sorted().toList(),
                roles.stream().sorted().toList());
        assertTrue(text("#step-1 .role").endsWith("read") && text("#step-3 .role").endsWith("overwritten write")
                && text("#step-4 .role").endsWith("overwriting write"));
        assertEquals("all 4 steps", text("#pos"));
        assertEquals(2, browser.findElements(By.cssSelector("#links path.link")).size(), "read -> overwritten -> overwriting");
        screenshot("find-and-update.png");

        // step through it: Home goes before the first step, the arrow keys move one step
        key(Keys.HOME);
        assertEquals("step 0 of 4", text("#pos"));
        assertTrue(text("#now").contains("message='msg a'"), text("#now"));
        assertTrue(faded("#step-1"));
        key(Keys.ARROW_RIGHT);
        assertEquals("step 1 of 4", text("#pos"));
        assertFalse(faded("#step-1"));
        assertTrue(faded("#state-2"));
        assertTrue(text("#now").startsWith("step 1, T1: SELECT * FROM message"), text("#now"));
        browser.findElement(By.id("next")).click();
        browser.findElement(By.id("next")).click();
        assertEquals("step 3 of 4", text("#pos"));
        assertTrue(text("#now").contains("UPDATE message SET msg = 'msg aa'"), text("#now"));
        assertTrue(text("#now").endsWith("state after: message='msg aa'"), text("#now"));
        assertEquals(1, browser.findElements(By.cssSelector("#links path.link")).size(), "only the link to a step shown so far");
        assertTrue(faded("#step-4"));
        browser.findElement(By.id("prev")).click();
        assertEquals("step 2 of 4", text("#pos"));
        key(Keys.END);
        assertEquals("all 4 steps", text("#pos"));
        assertFalse(faded("#step-4"));
        // the chain in the anomaly row links to the steps
        browser.findElement(By.linkText("overwritten write (step 3, T2)")).click();
        assertTrue(browser.getCurrentUrl().endsWith("#step-3"), browser.getCurrentUrl());
    }

    @Test
    void transferShowsTheStateAfterEachStepAndTheLostHundred(@TempDir Path dir) throws IOException {
        open(dir, "transfer");
        assertTrue(text("#where").contains("instrumented"), text("#where"));
        assertTrue(text("#state-0").contains("a=100 b=200 c=150"), text("#state-0"));
        int steps = browser.findElements(By.cssSelector(".cell")).size();
        assertTrue(text("#state-" + steps).contains("a=200"), text("#state-" + steps));
        screenshot("transfer.png");
        key(Keys.HOME);
        for (int k = 1; k <= steps; k++) {
            key(Keys.ARROW_RIGHT);
            String now = text("#now");
            assertTrue(now.startsWith("step " + k + ", T"), now);
            assertTrue(now.contains("state after: "), now);
            assertEquals(k == steps ? "all " + steps + " steps" : "step " + k + " of " + steps, text("#pos"));
        }
        // the last write: T1 writes a=200 over T2's a=150 (the 100 T2 moved into a is lost)
        assertTrue(text("#now").contains("a=200"), text("#now"));
    }
}
