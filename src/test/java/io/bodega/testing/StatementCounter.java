package io.bodega.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Counts the SQL statements that request-handling threads prepare, so a test can show
 * that a list page costs a fixed number of statements whatever its size (no N+1).
 * Background jobs run on other threads and are not counted.
 */
public final class StatementCounter {

	public static final AtomicInteger STATEMENTS = new AtomicInteger();

	private StatementCounter() {
	}

	public static int count(Runnable request) {
		int before = STATEMENTS.get();
		request.run();
		return STATEMENTS.get() - before;
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Install {

		@Bean
		static BeanPostProcessor countStatements() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					return bean instanceof DataSource dataSource ? proxy(DataSource.class, dataSource) : bean;
				}
			};
		}

	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, T target) {
		InvocationHandler handler = (p, method, args) -> {
			String name = method.getName();
			if (type == Connection.class
					&& (name.equals("prepareStatement") || name.equals("createStatement") || name.equals("prepareCall"))
					&& Thread.currentThread().getName().startsWith("tomcat-handler")) {
				STATEMENTS.incrementAndGet();
			}
			try {
				Object result = method.invoke(target, args);
				if (type == DataSource.class && name.equals("getConnection")) {
					return proxy(Connection.class, (Connection) result);
				}
				return result;
			}
			catch (InvocationTargetException e) {
				throw e.getCause();
			}
		};
		return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler);
	}

}
