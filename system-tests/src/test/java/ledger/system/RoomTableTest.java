package ledger.system;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/ARCHITECTURE.md's table of rooms names every package of the modules that have rooms, and
 * nothing else. A row's first cell names packages in backticks: {@code `ledger.query.status`}, and
 * {@code `.api`} for a package inside the one named before it.
 */
class RoomTableTest {

    private static final List<String> MODULES = List.of("shared-events", "service-support", "command-service",
                                                        "query-service");
    private static final Pattern NAME = Pattern.compile("`([^`]+)`");

    @Test
    void everyPackageIsARoomOfTheTableAndEveryRoomAPackage() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (String module : MODULES) {
            packages.addAll(packagesOf(Path.of("..", module, "src", "main", "java")));
        }
        Set<String> rooms = rooms(Files.readAllLines(Path.of("..", "docs", "ARCHITECTURE.md"), StandardCharsets.UTF_8));

        assertThat(rooms).as("rooms of docs/ARCHITECTURE.md that no package is").isSubsetOf(packages);
        assertThat(packages).as("packages that docs/ARCHITECTURE.md's table does not name").isSubsetOf(rooms);
    }

    static Set<String> rooms(List<String> lines) {
        Set<String> rooms = new TreeSet<>();
        for (String line : lines) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String first = line.split("\\|")[1];
            String last = null;
            Matcher name = NAME.matcher(first);
            while (name.find()) {
                String text = name.group(1);
                if (text.startsWith("ledger.")) {
                    last = text;
                    rooms.add(text);
                } else if (text.startsWith(".") && last != null) {
                    rooms.add(last + text);
                }
            }
        }
        return rooms;
    }

    private static Set<String> packagesOf(Path sources) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                        .map(file -> sources.relativize(file.getParent()).toString().replace('/', '.'))
                        .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
