package ledger.system;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/CONFIGURATION.md against what reads the settings: every {@code ${LEDGER_X:default}} of the
 * services' configuration files is a row with that default, every {@code ${LEDGER_X:-default}} of
 * {@code ./ledger} agrees with its row, every row names a setting something reads, and every default
 * the README or docs/ quote as "`LEDGER_X` (default)" is the table's.
 */
class ConfigurationTableTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path TABLE = ROOT.resolve("docs/CONFIGURATION.md");
    /** The services' own files, whose defaults the table must state exactly. */
    private static final List<Path> SERVICE_CONFIGURATION = List.of(
            ROOT.resolve("command-service/src/main/resources"), ROOT.resolve("query-service/src/main/resources"),
            ROOT.resolve("service-support/src/main/resources"));
    private static final Path SCRIPT = ROOT.resolve("ledger");
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");

    private static final Pattern SPRING_DEFAULT = Pattern.compile("\\$\\{(LEDGER_[A-Z0-9_]+):([^}]*)}");
    private static final Pattern SHELL_DEFAULT = Pattern.compile("\\$\\{(LEDGER_[A-Z0-9_]+):-([^}]*)}");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(LEDGER_[A-Z0-9_]+)` \\| ([^|]*) \\|");
    /** "`LEDGER_X` (V" or "`LEDGER_X` (default V", V one token ending at ; , or ). */
    private static final Pattern QUOTED = Pattern.compile(
            "`(LEDGER_[A-Z0-9_]+)`\\s+\\((?:default\\s+)?`?([^`;,)\\s]+)`?\\s*[;,)]");
    /** "`LEDGER_X`, default V". */
    private static final Pattern QUOTED_DEFAULT = Pattern.compile(
            "`(LEDGER_[A-Z0-9_]+)`,?\\s+default\\s+`?([^`;,)\\s]+)`?");

    /** A row's default: its value, "" for "empty", none for "none". */
    private static Map<String, Optional<String>> table() {
        Map<String, Optional<String>> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(read(TABLE));
        while (row.find()) {
            String cell = row.group(2).strip();
            Optional<String> value = cell.equals("none") ? Optional.empty()
                    : Optional.of(cell.equals("empty") ? "" : cell.replaceAll("^`|`$", ""));
            assertThat(rows.put(row.group(1), value)).as("%s has one row", row.group(1)).isNull();
        }
        return rows;
    }

    /** Every default of the services' configuration files, by setting, each with the files stating it. */
    private static Map<String, Map<String, List<Path>>> serviceDefaults() {
        Map<String, Map<String, List<Path>>> defaults = new TreeMap<>();
        for (Path file : serviceFiles()) {
            Matcher setting = SPRING_DEFAULT.matcher(read(file));
            while (setting.find()) {
                defaults.computeIfAbsent(setting.group(1), name -> new LinkedHashMap<>())
                        .computeIfAbsent(setting.group(2), value -> new ArrayList<>()).add(ROOT.relativize(file));
            }
        }
        return defaults;
    }

    private static List<Path> serviceFiles() {
        List<Path> files = new ArrayList<>();
        for (Path folder : SERVICE_CONFIGURATION) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> found = Files.list(folder)) {
                    found.filter(file -> file.toString().matches(".*\\.(yml|yaml|properties)")).sorted()
                         .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theServicesConfigurationFilesAreFound() {
        assertThat(serviceFiles()).extracting(file -> file.getFileName().toString())
                                  .contains("command-service.yml", "query-service.yml");
        assertThat(serviceDefaults()).containsKeys("LEDGER_COMMAND_PORT", "LEDGER_QUERY_PORT", "LEDGER_FETCH_DELAY");
        assertThat(table()).hasSizeGreaterThan(50);
    }

    @Test
    void everySettingOfTheServicesHasItsRowWithTheSameDefault() {
        Map<String, Optional<String>> table = table();
        List<String> wrong = new ArrayList<>();
        serviceDefaults().forEach((name, values) -> {
            if (values.size() > 1) {
                wrong.add(name + " has different defaults in the services' files: " + values);
            } else if (!table.containsKey(name)) {
                wrong.add(name + " (default '" + values.keySet().iterator().next() + "', " + values.values()
                          + ") has no row in docs/CONFIGURATION.md");
            } else {
                String value = values.keySet().iterator().next();
                Optional<String> documented = table.get(name);
                if (!documented.equals(Optional.of(value))) {
                    wrong.add(name + ": docs/CONFIGURATION.md says " + documented.map(v -> "'" + v + "'").orElse("none")
                              + ", " + values.get(value) + " say '" + value + "'");
                }
            }
        });
        assertThat(wrong).as("settings of the services against docs/CONFIGURATION.md").isEmpty();
    }

    @Test
    void theScriptsDefaultsAreTheTables() {
        Map<String, Optional<String>> table = table();
        Map<String, Map<String, List<Path>>> services = serviceDefaults();
        Map<String, String> script = new HashMap<>();
        Matcher setting = SHELL_DEFAULT.matcher(read(SCRIPT));
        while (setting.find()) {
            // a folder under the repository is written ./data in the table; a computed default is not checked
            String value = setting.group(2).replace("$ROOT/", "./");
            if (!value.contains("$") && !services.containsKey(setting.group(1))) {
                script.put(setting.group(1), value);
            }
        }
        assertThat(script).as("./ledger's own settings").containsKeys("LEDGER_DB_PORT", "LEDGER_DATA");
        List<String> wrong = new ArrayList<>();
        script.forEach((name, value) -> {
            if (table.containsKey(name) && !table.get(name).equals(Optional.of(value))) {
                wrong.add(name + ": docs/CONFIGURATION.md says " + table.get(name).orElse("none")
                          + ", ./ledger says '" + value + "'");
            }
        });
        assertThat(wrong).as("./ledger against docs/CONFIGURATION.md").isEmpty();
    }

    @Test
    void everyRowNamesASettingThatSomethingReads() {
        StringBuilder sources = new StringBuilder(read(SCRIPT)).append(read(COMPOSE));
        serviceFiles().forEach(file -> sources.append(read(file)));
        List<String> unknown = table().keySet().stream()
                                      .filter(name -> !Pattern.compile("\\b" + name + "\\b").matcher(sources).find())
                                      .toList();
        assertThat(unknown).as("rows of docs/CONFIGURATION.md that no configuration file or script reads").isEmpty();
    }

    @Test
    void everyDefaultQuotedInTheDocumentationIsTheTables() throws IOException {
        Map<String, Optional<String>> table = table();
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).filter(file -> !file.equals(TABLE)).sorted()
                .forEach(documents::add);
        }
        List<String> wrong = new ArrayList<>();
        int quoted = 0;
        for (Path document : documents) {
            String text = read(document);
            for (Pattern pattern : List.of(QUOTED, QUOTED_DEFAULT)) {
                Matcher quote = pattern.matcher(text);
                while (quote.find()) {
                    quoted++;
                    Optional<String> documented = table.getOrDefault(quote.group(1), Optional.empty());
                    if (!documented.equals(Optional.of(quote.group(2)))) {
                        wrong.add(ROOT.relativize(document) + ": " + quote.group() + " but docs/CONFIGURATION.md says "
                                  + documented.orElse("none"));
                    }
                }
            }
        }
        assertThat(quoted).as("defaults quoted in the documentation").isGreaterThan(5);
        assertThat(wrong).as("defaults quoted against docs/CONFIGURATION.md").isEmpty();
    }
}
