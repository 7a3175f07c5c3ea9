# govmedia_embed(OUT_VAR NAMESPACE ns FILES name=path ...): turns data files into a generated .cc
# exposing `std::string_view ns::Embedded(std::string_view name)`, so the binary never depends on
# the working directory to find its built-in data (migrations, calendar, units, OpenAPI).
function(govmedia_embed out_var)
  cmake_parse_arguments(E "" "NAMESPACE;NAME" "FILES" ${ARGN})
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/${E_NAME}.cc)
  set(deps)
  set(entries)
  foreach(pair IN LISTS E_FILES)
    string(REPLACE "=" ";" kv ${pair})
    list(GET kv 0 key)
    list(GET kv 1 path)
    list(APPEND deps ${path})
    list(APPEND entries "${key}=${path}")
  endforeach()
  add_custom_command(
    OUTPUT ${gen}
    COMMAND ${CMAKE_COMMAND} -DOUT=${gen} -DNS=${E_NAMESPACE} "-DENTRIES=${entries}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${deps} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    VERBATIM)
  set(${out_var} ${gen} PARENT_SCOPE)
endfunction()
