package ledger.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * The local sealing key pair (Ed25519) query-service signs seals with (docs/AUDIT.md, Seals):
 * {@code generate DIR} writes {@code seal-private.pem} (owner only) and {@code seal-public.pem}
 * unless they exist. Kept like the JWT keys, in the data directory, never in git.
 */
public final class SealKeys {

    public static final String PRIVATE_KEY = "seal-private.pem";
    public static final String PUBLIC_KEY = "seal-public.pem";

    private SealKeys() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("generate")) {
            System.err.println("usage: generate DIR");
            System.exit(2);
        }
        generate(Path.of(args[1]));
    }

    public static void generate(Path directory) throws IOException, GeneralSecurityException {
        Path privateKey = directory.resolve(PRIVATE_KEY);
        if (Files.exists(privateKey)) {
            return;
        }
        Files.createDirectories(directory);
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: its own permissions apply
        }
        Files.writeString(directory.resolve(PUBLIC_KEY), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
               + "\n-----END " + type + "-----\n";
    }
}
