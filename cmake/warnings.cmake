# govmedia_set_warnings(target): project warning flags, kept off the global flags.
function(govmedia_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  if(GOVMEDIA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
