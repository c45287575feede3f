package ledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.testing.TestDatabase;
import ledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sealed digests: many seals on a ledger in use raise no alarm; the last event of a measure
 * deleted below a seal is reported by /audit/verify though every chain still holds; a replaced
 * seal is caught by its signature and by the copy outside the database, a seal signed with
 * another key by its signature.
 */
class SealTest {

    private static final String AUDITOR = "Bearer " + TestTokens.token("auditor-1", "AUDITOR", null);

    @TempDir
    Path temp;

    @Test
    void sealsReportTruncationAndForgeryAndNothingElse() throws Exception {
        Path keys = temp.resolve("keys");
        writeKeyPair(keys, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        Path outside = temp.resolve("elsewhere").resolve("seals.ndjson");
        try (LedgerUnderTest ledger = LedgerUnderTest.withQueryArguments(
                TestDatabase.jdbcUrl("seals"),
                "--ledger.seals.private-key=" + keys.resolve("seal-private.pem"),
                "--ledger.seals.public-key=" + keys.resolve("seal-public.pem"),
                "--ledger.seals.file=" + outside, "--ledger.seals.interval=PT0.2S")) {
            JdbcTemplate database = ledger.database();
            String planId = ledger.registerPlan("seal");
            // commands while the interval seals: each seal is at the settled position of its moment
            for (int number = 1; number <= 6; number++) {
                String id = planId + "-" + number;
                ledger.command("/api/v1/measures", """
                        {"planId":"%s","section":1,"number":%d,"title":"措施","leaders":["朱小丹"],
                         "leadUnits":["省府办公厅"],"dueDate":"2016-10-31"}""".formatted(planId, number),
                               "office-1", "SUPERVISOR");
                ledger.command("/api/v1/measures/" + id + "/plan", "{\"summary\":\"方案\"}", "clerk-1", "UNIT");
                ledger.command("/api/v1/measures/" + id + "/progress", "{\"percentComplete\":50,\"summary\":\"进展\"}",
                               "clerk-1", "UNIT");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.query("/api/v1/audit/seals").json().size() >= 25);
            JsonNode untouched = ledger.query("/api/v1/audit/verify").json();
            assertThat(untouched.get("intact").asBoolean()).as(() -> untouched + "\nSEALS " + ledger.query("/api/v1/audit/seals").body()
                    + "\nEVENTS " + database.queryForList("SELECT global_index, aggregate_identifier, sequence_number, xmin::text FROM event_store.domain_event_entry ORDER BY 1")).isTrue();
            assertThat(untouched.at("/seals/sealsChecked").asInt()).isGreaterThanOrEqualTo(25);
            assertThat(untouched.at("/seals/problems")).isEmpty();
            assertThat(Files.readAllLines(outside).size()).isGreaterThanOrEqualTo(25);

            // a seal on demand, once the measure's last event is settled
            String measure = planId + "-3";
            long last = database.queryForObject("SELECT max(global_index) FROM event_store.domain_event_entry"
                                                + " WHERE aggregate_identifier = ?", Long.class, measure);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                var sealed = ledger.request(false, "POST", "/api/v1/audit/seals", null, AUDITOR);
                assertThat(sealed.status()).as(sealed.body()).isEqualTo(201);
                return sealed.json().get("position").asLong() >= last;
            });

            // the measure's last event deleted: its chain still holds, the seals do not
            database.update("DELETE FROM event_store.domain_event_entry WHERE global_index = ?", last);
            JsonNode truncated = ledger.query("/api/v1/audit/verify").json();
            assertThat(truncated.get("firstBroken").isNull()).as("the chains alone see nothing").isTrue();
            assertThat(truncated.get("intact").asBoolean()).isFalse();
            assertThat(truncated.at("/seals/problems").toString()).contains("no longer gives the digest of seal");

            // a seal replaced in the database: its signature and the outside copy say so
            long forged = database.queryForObject("SELECT max(seq) FROM query_view.audit_seal", Long.class);
            database.update("UPDATE query_view.audit_seal SET digest = ? WHERE seq = ?", "0".repeat(64), forged);
            // a seal signed with a key of the forger's
            KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Map<String, Object> seal = database.queryForMap("SELECT * FROM query_view.audit_seal WHERE seq = ?", forged - 1);
            String text = "ledger-seal/1\n" + 999_999 + "\n" + seal.get("position") + "\n" + seal.get("digest") + "\n"
                          + seal.get("events") + "\n" + seal.get("aggregates") + "\n" + seal.get("sealed_at") + "\n"
                          + seal.get("key_id") + "\n" + seal.get("previous") + "\n";
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(other.getPrivate());
            signer.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            database.update("INSERT INTO query_view.audit_seal SELECT 999999, position, digest, events, aggregates,"
                            + " sealed_at, key_id, previous, ? FROM query_view.audit_seal WHERE seq = ?",
                            Base64.getEncoder().encodeToString(signer.sign()), forged - 1);
            JsonNode forgedCheck = ledger.query("/api/v1/audit/verify").json();
            String problems = forgedCheck.at("/seals/problems").toString();
            assertThat(forgedCheck.get("intact").asBoolean()).isFalse();
            assertThat(problems).contains("seal " + forged + " (position")
                                .contains("seal " + forged + " differs from its copy outside the database")
                                .contains("seal 999999 (position")
                                .contains("signature does not verify");
        }
    }

    static void writeKeyPair(Path directory, KeyPair pair) throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("seal-private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(directory.resolve("seal-public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
               + "\n-----END " + type + "-----\n";
    }
}
