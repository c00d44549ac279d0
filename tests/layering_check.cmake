# Fails when a layer includes what DESIGN.md forbids it to know:
# analysis/ knows no JSON, asio, protocol or server; protocol/ knows no tree-sitter, analysis or server.
function(check_layer dir forbidden)
  file(GLOB_RECURSE files "${ROOT}/${dir}/*.hpp" "${ROOT}/${dir}/*.cpp" "${ROOT}/${dir}/*.h")
  foreach(file ${files})
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include")
    foreach(line ${lines})
      if(line MATCHES "${forbidden}")
        message(SEND_ERROR "${file}: layer ${dir}/ may not include this: ${line}")
      endif()
    endforeach()
  endforeach()
endfunction()

check_layer(analysis "nlohmann|asio|protocol/|server/")
check_layer(protocol "tree_sitter|analysis/|server/|asio")
