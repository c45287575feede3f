package ledger.support.units;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lead units' canonical names and aliases (reference data, {@code seeds/lead-units.json}).
 * Maps whatever name a text uses to the one name dashboards count by.
 */
public final class LeadUnitDirectory {

    private final String impliedPrefix;
    private final Map<String, String> canonicalByName;

    private LeadUnitDirectory(String impliedPrefix, Map<String, String> canonicalByName) {
        this.impliedPrefix = impliedPrefix;
        this.canonicalByName = Map.copyOf(canonicalByName);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Data(String impliedPrefix, List<Unit> units) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Unit(String name, List<String> aliases) {
    }

    public static LeadUnitDirectory load(InputStream json) throws IOException {
        Data data = new ObjectMapper().readValue(json, Data.class);
        Map<String, String> canonical = new HashMap<>();
        for (Unit unit : data.units()) {
            register(canonical, unit.name(), unit.name());
            for (String alias : unit.aliases() == null ? List.<String>of() : unit.aliases()) {
                register(canonical, alias, unit.name());
            }
        }
        return new LeadUnitDirectory(data.impliedPrefix() == null ? "" : data.impliedPrefix(), canonical);
    }

    private static void register(Map<String, String> canonical, String name, String unit) {
        String earlier = canonical.putIfAbsent(name.strip(), unit);
        if (earlier != null && !earlier.equals(unit)) {
            throw new IllegalArgumentException("'" + name + "' names both " + earlier + " and " + unit);
        }
    }

    /** The canonical name of a unit, by its canonical name or an alias. */
    public Optional<String> canonical(String name) {
        return Optional.ofNullable(canonicalByName.get(name.strip()));
    }

    /**
     * The canonical names of a list as a text writes it: the prefix that the first names carry is
     * implied for later names that lack it (省发展改革委、经济和信息化委). Order kept, duplicates dropped.
     *
     * @throws UnknownLeadUnitException for a name the reference data does not know
     */
    public List<String> canonicalList(List<String> written) {
        LinkedHashSet<String> result = new LinkedHashSet<>();
        boolean prefixSeen = false;
        for (String name : written) {
            String full = name.strip();
            if (!impliedPrefix.isEmpty()) {
                if (full.startsWith(impliedPrefix)) {
                    prefixSeen = true;
                } else if (prefixSeen && canonical(full).isEmpty()) {
                    full = impliedPrefix + full;
                }
            }
            String resolved = full;
            result.add(canonical(full).orElseThrow(() -> new UnknownLeadUnitException(resolved)));
        }
        return new ArrayList<>(result);
    }

    /** A unit name the reference data does not know. */
    public static final class UnknownLeadUnitException extends RuntimeException {

        private final String name;

        public UnknownLeadUnitException(String name) {
            super("unknown lead unit '" + name + "': add it, or the alias, to seeds/lead-units.json");
            this.name = name;
        }

        public String name() {
            return name;
        }
    }
}
