package ledger.launcher;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every name the lead units go by (canonical names and aliases) in the reference data the services
 * resolve units with ({@code seeds/lead-units.json}), so that {@code ./ledger token} refuses a unit
 * no service would know.
 */
final class LeadUnitNames {

    private LeadUnitNames() {
    }

    static Set<String> read(Path file) throws IOException {
        try {
            Map<String, Object> data = JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8));
            Set<String> names = new HashSet<>();
            for (Map<String, Object> unit : JSONObjectUtils.getJSONObjectArray(data, "units")) {
                names.add(JSONObjectUtils.getString(unit, "name").strip());
                String[] aliases = JSONObjectUtils.getStringArray(unit, "aliases");
                for (String alias : aliases == null ? new String[0] : aliases) {
                    names.add(alias.strip());
                }
            }
            return names;
        } catch (ParseException e) {
            throw new IOException(file + " is not lead-unit reference data: " + e.getMessage(), e);
        }
    }
}
