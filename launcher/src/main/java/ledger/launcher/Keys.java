package ledger.launcher;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.List;
import java.util.UUID;

/**
 * The signing key of a local ledger, and the tokens it signs. The key pair lives in the data
 * folder (never in git); the services verify tokens with the public half.
 * <pre>
 *   generate DIR                                       make the key pair unless it exists
 *   token DIR --role ROLE [--unit UNIT] [--sub NAME] [--ttl DURATION] [--aud AUDIENCE] [--lead-units FILE]
 *                                                      print a signed JWT; a UNIT token names a unit that
 *                                                      FILE (seeds/lead-units.json) knows
 * </pre>
 */
public final class Keys {

    /** The issuer and audience the services expect by default ({@code LEDGER_JWT_ISSUER}, {@code LEDGER_JWT_AUDIENCE}). */
    public static final String ISSUER = "ledger-local";
    public static final String AUDIENCE = "ledger";
    public static final String PRIVATE_KEY = "jwt-private.pem";
    public static final String PUBLIC_KEY = "jwt-public.pem";
    // a fixed order: the error message lists them so
    private static final List<String> ROLES = List.of("SUPERVISOR", "UNIT", "AUDITOR", "ADMIN", "READER");
    static final String USAGE = "token DIR --role ROLE [--unit UNIT] [--sub NAME] [--ttl DURATION] [--aud AUDIENCE]"
                                + " [--lead-units FILE]";

    private Keys() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("generate")) {
            generate(Path.of(args[1]));
        } else if (args.length >= 2 && args[0].equals("token")) {
            try {
                System.out.println(token(Path.of(args[1]), args));
            } catch (IllegalArgumentException e) {
                // a mistake of the caller: one line, no trace
                System.err.println("ledger token: " + e.getMessage());
                System.exit(2);
            }
        } else {
            System.err.println("usage: generate DIR | " + USAGE);
            System.exit(2);
        }
    }

    public static void generate(Path directory) throws IOException, GeneralSecurityException {
        Path privateKey = directory.resolve(PRIVATE_KEY);
        if (Files.exists(privateKey)) {
            return;
        }
        Files.createDirectories(directory);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.writeString(directory.resolve(PUBLIC_KEY), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    static String token(Path directory, String[] args) throws IOException, GeneralSecurityException, JOSEException {
        String role = Optional.ofNullable(option(args, "--role", null)).map(r -> r.toUpperCase(Locale.ROOT))
                              .filter(ROLES::contains)
                              .orElseThrow(() -> new IllegalArgumentException(
                                      "--role must be one of " + String.join(", ", ROLES)));
        String unit = option(args, "--unit", null);
        String leadUnits = option(args, "--lead-units", null);
        if (role.equals("UNIT") && unit == null) {
            throw new IllegalArgumentException("a UNIT token names its unit: --unit 省财政厅 (a canonical name or an alias"
                                               + (leadUnits == null ? "" : " in " + leadUnits) + ")");
        }
        if (!role.equals("UNIT") && unit != null) {
            throw new IllegalArgumentException("--unit belongs to --role UNIT only; a " + role + " token names no unit");
        }
        if (unit != null && leadUnits != null && !LeadUnitNames.read(Path.of(leadUnits)).contains(unit.strip())) {
            throw new IllegalArgumentException("no lead unit '" + unit + "' in " + leadUnits
                                               + ": use a canonical name or an alias from it");
        }
        String subject = option(args, "--sub", role.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString()
                                                                                   .substring(0, 8));
        Duration ttl = ttl(option(args, "--ttl", "8h"));
        // the audience the services check (LEDGER_JWT_AUDIENCE, the first of several), unless --aud says
        String audience = option(args, "--aud", Optional.ofNullable(System.getenv("LEDGER_JWT_AUDIENCE"))
                                                        .map(a -> a.split(",")[0].strip()).filter(a -> !a.isEmpty())
                                                        .orElse(AUDIENCE));
        Instant now = Instant.now();
        // a jti of its own: an ADMIN can revoke this one token (POST /api/v1/admin/revocations)
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(audience).subject(subject).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                .claim("role", role);
        if (unit != null) {
            claims.claim("unit", unit);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        jwt.sign(new RSASSASigner(privateKey(directory.resolve(PRIVATE_KEY))));
        return jwt.serialize();
    }

    private static Duration ttl(String text) {
        try {
            Duration ttl = Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("--ttl must be positive, for example 8h, 30m or 90s");
            }
            return ttl;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--ttl '" + text + "' is not a duration: use for example 8h, 30m or 90s");
        }
    }

    private static RSAPrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
                             .replaceAll("\\s", "");
        return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                                         .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                                         .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
