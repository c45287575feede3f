package ledger.query.admin;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** A node's default name: its host and port, so that a node started again is the same node. */
class QueryNodeNameTest {

    private static final String JVM = ManagementFactory.getRuntimeMXBean().getName();
    private static final String HOST = JVM.substring(JVM.indexOf('@') + 1);

    @Test
    void aNodeOnAFreePortIsNamedByItsHostAndPortTheSameEachTime() throws IOException {
        int port = freePort();
        assertThat(QueryNodes.defaultId(port)).isEqualTo(HOST + ":" + port)
                                              .isEqualTo(QueryNodes.defaultId(port));
    }

    @Test
    void aPortAnotherProcessServesDoesNotLendItsNameToASecondNode() throws IOException {
        try (ServerSocket alive = new ServerSocket(0)) {
            String id = QueryNodes.defaultId(alive.getLocalPort());
            assertThat(id).startsWith(JVM + "/").isNotEqualTo(HOST + ":" + alive.getLocalPort())
                          .isNotEqualTo(QueryNodes.defaultId(alive.getLocalPort()));
        }
    }

    @Test
    void aRandomPortNamesNoNode() {
        assertThat(QueryNodes.defaultId(0)).startsWith(JVM + "/").isNotEqualTo(QueryNodes.defaultId(0));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
