# Sourced by the scripts: building the distribution and the JVM flags every run needs.

# The Vector API backs the fast CPU backend; lmdbjava needs the two --add-opens on recent JDKs.
POLYCULTURE_JVM_ARGS="--add-modules jdk.incubator.vector --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -Xss4m"
export POLYCULTURE_JVM_ARGS
# On JDK 23+ sun.misc.Unsafe memory access warns at run time (Maven's Guava, lmdbjava's jffi);
# allow it explicitly so logs carry only our own messages.
if [ "$(polyculture_java_major "$JAVA_HOME")" -ge 23 ] 2>/dev/null; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  POLYCULTURE_JVM_ARGS="$POLYCULTURE_JVM_ARGS --sun-misc-unsafe-memory-access=allow"
fi

polyculture_distribution_is_stale() {
  local root=$1 stamp=$1/node/app/target/dist/.built
  [ -f "$stamp" ] || return 0
  [ -n "$(find "$root" \( -name node_modules -o -name target -o -name .git -o -name .polyculture \) -prune -o \
      \( -path '*/src/*' -o -name pom.xml -o -name package.json -o -name package-lock.json -o -name '*.sol' \) \
      -newer "$stamp" -print -quit)" ]
}

polyculture_ensure_distribution() {
  local root=$1
  if polyculture_distribution_is_stale "$root"; then
    echo "polyculture: building the distribution (first run, or the sources changed)..." >&2
    (cd "$root" && mvn -B -q -DskipTests -Dspotless.check.skip=true -Denforcer.skip=false \
        package -pl node/app -am) >&2 || {
      echo "polyculture: the build failed; run 'mvn -B package -pl node/app -am' to see why." >&2
      exit 4
    }
    touch "$root/node/app/target/dist/.built"
  fi
}
