package ledger.query.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ledger.query.admin.ProjectionAdmin;
import ledger.query.audit.AuditTrailProjection;
import ledger.query.status.MeasureStatusProjection;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * While a view is being rebuilt, every answer read from it says so: header
 * {@code Ledger-View-Rebuilding: <projection>}. The answer is then what has been rebuilt so far.
 */
@Configuration
public class RebuildingViewHeader implements WebMvcConfigurer {

    public static final String HEADER = "Ledger-View-Rebuilding";

    private final ProjectionAdmin admin;

    public RebuildingViewHeader(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String path = request.getRequestURI();
                String view = path.endsWith("/history") ? AuditTrailProjection.PROCESSING_GROUP
                        : path.endsWith("/state") ? null : MeasureStatusProjection.PROCESSING_GROUP;
                if (view != null && admin.isReplaying(view)) {
                    response.setHeader(HEADER, view);
                }
                return true;
            }
        }).addPathPatterns("/api/v1/measures", "/api/v1/measures/**", "/api/v1/dashboard/**");
    }
}
