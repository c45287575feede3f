package ledger.query.revocation.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.annotation.JsonInclude;
import ledger.query.commons.InvalidQueryException;
import ledger.support.security.revocation.RevokedTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The revocation list (ADMIN): a token's {@code jti} posted here is refused (401) by every node of
 * both services within their poll interval ({@code ledger.revocation.poll-interval}), by this
 * node at once. Posting the same id again changes nothing.
 */
@Tag(name = "Token revocation",
     description = "Revoking tokens by their jti: refused by every node of both services within "
                   + "seconds.")
@RestController
@RequestMapping(path = "/api/v1/admin/revocations", produces = MediaType.APPLICATION_JSON_VALUE)
public class RevocationController {

    /** @param expiresAt when the token expires anyway (its {@code exp}); the entry is kept in force until then */
    public record RevocationRequest(String jti, Instant expiresAt, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Revocation(String jti, Instant revokedAt, String revokedBy, Instant expiresAt, String reason) {
    }

    private static final Logger log = LoggerFactory.getLogger(RevocationController.class);
    private static final String COLUMNS = "jti, revoked_at, revoked_by, expires_at, reason";

    private final JdbcTemplate jdbc;
    private final RevokedTokens revokedTokens;

    public RevocationController(JdbcTemplate jdbc, RevokedTokens revokedTokens) {
        this.jdbc = jdbc;
        this.revokedTokens = revokedTokens;
    }

    @Operation(operationId = "revokeToken", summary = "Revoke a token",
               description = "Adds a token's `jti` to the revocation list: every node of both services refuses"
                             + " it (401) within its poll interval, this node at once. Posting the same id again"
                             + " changes nothing.")
    @ApiResponse(responseCode = "200", description = "Revoked before: nothing changed.")
    @ApiResponse(responseCode = "201", description = "Revoked.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Revocation> revoke(@RequestBody RevocationRequest request, Principal principal) {
        String jti = request.jti() == null ? "" : request.jti().strip();
        if (jti.isEmpty() || jti.length() > 255 || !jti.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new InvalidQueryException("jti", "the token's id (jti) is required: 1..255 visible ASCII characters");
        }
        if (request.reason() != null && request.reason().length() > 500) {
            throw new InvalidQueryException("reason", "at most 500 characters");
        }
        String admin = principal == null ? "unknown" : principal.getName();
        int inserted = jdbc.update("INSERT INTO " + RevokedTokens.TABLE + " (jti, revoked_by, expires_at, reason) "
                                   + "VALUES (?, ?, ?, ?) ON CONFLICT (jti) DO NOTHING", jti, admin,
                                   request.expiresAt() == null ? null : Timestamp.from(request.expiresAt()),
                                   request.reason());
        revokedTokens.revokedHere(jti);
        log.warn("token {} revoked by {}{}", jti, admin, inserted == 0 ? " (already revoked)" : "");
        Revocation revocation = jdbc.queryForObject("SELECT " + COLUMNS + " FROM " + RevokedTokens.TABLE
                                                    + " WHERE jti = ?", (rs, n) -> revocation(rs), jti);
        return ResponseEntity.status(inserted == 0 ? HttpStatus.OK : HttpStatus.CREATED).body(revocation);
    }

    /** The revocations still in force, newest first. */
    @Operation(operationId = "revocations", summary = "List the revocations",
               description = "The revocations still in force, newest first.")
    @GetMapping
    public List<Revocation> revocations() {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + RevokedTokens.TABLE
                          + " WHERE expires_at IS NULL OR expires_at > now() ORDER BY revoked_at DESC",
                          (rs, n) -> revocation(rs));
    }

    private static Revocation revocation(ResultSet rs) throws SQLException {
        Timestamp expiresAt = rs.getTimestamp("expires_at");
        return new Revocation(rs.getString("jti"), rs.getTimestamp("revoked_at").toInstant(), rs.getString("revoked_by"),
                              expiresAt == null ? null : expiresAt.toInstant(), rs.getString("reason"));
    }
}
